// The seed client: connect, show the welcome, ask for a random number every 5000 ms, console.log each number.
// Extras: the numbers also show on the page (list + chart) with the current transport. `?cada=<ms>` changes the interval.
(function () {
  'use strict';
  var MAX_SHOWN = 30;
  var params = new URLSearchParams(location.search);
  var cada = parseInt(params.get('cada') || '5000', 10);
  if (!(cada >= 50 && cada <= 600000)) cada = 5000;

  var $ = function (id) { return document.getElementById(id); };
  var numbers = [];
  var received = 0;

  function setState(state, text) {
    $('estado').textContent = text;
    $('estado').dataset.state = state;
  }

  function showTransport() {
    var engine = socket.io.engine;
    $('transporte').textContent = engine && engine.transport ? engine.transport.name : '—';
  }

  function drawChart() {
    var svg = $('grafico');
    var ns = 'http://www.w3.org/2000/svg';
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var w = 400 / MAX_SHOWN;
    numbers.forEach(function (n, i) {
      var h = Math.max(1, Math.round(n / 1000 * 110));
      var bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', String(i * w + 1));
      bar.setAttribute('y', String(120 - h));
      bar.setAttribute('width', String(w - 2));
      bar.setAttribute('height', String(h));
      var title = document.createElementNS(ns, 'title');
      title.textContent = String(n);
      bar.appendChild(title);
      svg.appendChild(bar);
    });
  }

  function addNumber(n) {
    received++;
    $('recibidos').textContent = String(received);
    numbers.push(n);
    if (numbers.length > MAX_SHOWN) numbers.shift();
    var li = document.createElement('li');
    li.className = 'number';
    li.textContent = String(n);
    var list = $('numeros');
    list.insertBefore(li, list.firstChild);
    while (list.children.length > MAX_SHOWN) list.removeChild(list.lastChild);
    drawChart();
  }

  var socket = io();

  socket.on('connect', function () {
    showTransport();
    socket.io.engine.once('upgrade', showTransport);
    if (socket.recovered) {
      // back within the recovery window: same session, the numbers missed meanwhile were replayed, the schedule goes on
      setState('connected', 'conectado (sesión recuperada)');
      return;
    }
    setState('connected', 'conectado');
    // a new session has no schedule: ask (again) on every connection that is not a recovery
    socket.emit('quiero un random', cada, function (res) {
      $('intervalo').textContent = res && res.cada ? res.cada + ' ms' : 'rechazado: ' + (res && res.error);
    });
  });

  socket.on('bienvenida', function (data) {
    $('bienvenida').textContent = data.digo;
  });

  socket.on('toma un random', function (data) {
    console.log(data.numero);
    addNumber(data.numero);
  });

  socket.on('random rechazado', function (data) {
    $('intervalo').textContent = 'rechazado: ' + data.motivo;
  });

  socket.on('disconnect', function (reason) {
    setState('disconnected', 'desconectado (' + reason + ')');
    $('transporte').textContent = '—';
  });

  socket.on('connect_error', function (err) {
    setState('error', 'error: ' + err.message);
  });
})();
