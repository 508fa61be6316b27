// Browser client of the /chat namespace: name → connect (auth), join rooms, talk, leave.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var socket = null;
  var rooms = {};          // room -> sorted member names
  var current = null;      // room shown

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function addLine(room, cls, text) {
    var li = el('li', cls);
    li.dataset.room = room;
    li.appendChild(el('span', 'room', '#' + room + ' '));
    li.appendChild(document.createTextNode(text));
    $('messages').appendChild(li);
    while ($('messages').children.length > 500) $('messages').removeChild($('messages').firstChild);
    $('messages').scrollTop = $('messages').scrollHeight;
  }

  function render() {
    var tabs = $('rooms');
    while (tabs.firstChild) tabs.removeChild(tabs.firstChild);
    Object.keys(rooms).sort().forEach(function (r) {
      var b = el('button', r === current ? 'tab active' : 'tab', '#' + r);
      b.type = 'button';
      b.dataset.room = r;
      b.addEventListener('click', function () { current = r; render(); });
      tabs.appendChild(b);
    });
    var inRoom = current !== null && rooms[current];
    $('members').textContent = inRoom ? 'En #' + current + ': ' + rooms[current].join(', ') : 'No estás en ninguna sala.';
    $('text').disabled = !inRoom;
    $('say').disabled = !inRoom;
    $('leave').disabled = !inRoom;
  }

  function setMembers(room, names) {
    rooms[room] = names.slice().sort();
    render();
  }

  function connect(name) {
    if (socket) socket.close();
    socket = io('/chat', { auth: { name: name } });
    socket.on('connect', function () {
      $('login-error').textContent = '';
      $('login').classList.add('hidden');
      $('chat').classList.remove('hidden');
      $('me').textContent = name;
      var engine = socket.io.engine;
      $('chat-transport').textContent = engine.transport.name;
      engine.once('upgrade', function () { $('chat-transport').textContent = engine.transport.name; });
      // a recovered session is still in its rooms (join then just lists the members); a new one is in none: join them
      Object.keys(rooms).forEach(function (r) { join(r); });
    });
    socket.on('connect_error', function (err) {
      $('login-error').textContent = err.message;
      socket.close();
      socket = null;
    });
    socket.on('joined', function (m) {
      if (!rooms[m.room]) return;
      if (rooms[m.room].indexOf(m.name) < 0) setMembers(m.room, rooms[m.room].concat([m.name]));
      addLine(m.room, 'event', m.name + ' entró');
    });
    socket.on('left', function (m) {
      if (!rooms[m.room]) return;
      setMembers(m.room, rooms[m.room].filter(function (n) { return n !== m.name; }));
      addLine(m.room, 'event', m.name + ' salió');
    });
    socket.on('said', function (m) {
      var li = el('li', 'said');
      li.dataset.room = m.room;
      li.appendChild(el('span', 'room', '#' + m.room + ' '));
      li.appendChild(el('strong', 'who', m.name));
      li.appendChild(document.createTextNode(': '));
      li.appendChild(el('span', 'text', m.text));
      $('messages').appendChild(li);
      $('messages').scrollTop = $('messages').scrollHeight;
    });
    socket.on('disconnect', function (reason) {
      $('chat-transport').textContent = 'desconectado (' + reason + ')';
    });
  }

  function join(room) {
    socket.emit('join', room, function (res) {
      if (res && res.error) { $('chat-error').textContent = res.error; return; }
      $('chat-error').textContent = '';
      current = res.room;
      setMembers(res.room, res.members);
    });
  }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    connect($('name').value);
  });
  $('join-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var room = $('room').value.trim();
    if (room && socket) join(room);
    $('room').value = '';
  });
  $('say-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('text').value;
    if (!text || !current || !socket) return;
    socket.emit('say', { room: current, text: text }, function (res) {
      if (res && res.error) $('chat-error').textContent = res.error;
    });
    $('text').value = '';
  });
  $('leave').addEventListener('click', function () {
    if (!current || !socket) return;
    var room = current;
    socket.emit('leave', room);
    delete rooms[room];
    addLine(room, 'event', 'saliste');
    current = Object.keys(rooms).sort()[0] || null;
    render();
  });
  render();
})();
