package io.enlace.internal.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The query parser follows Node's URLSearchParams (engine.io's req._query); NodeDifferentialTest compares them live. */
class QueryParamsTest {

    @Test
    void malformedEscapesStayAsTheyAre() {
        Map<String, List<String>> q = QueryParams.parse("/socket.io/?EIO=4&transport=polling&x=%zz&y=%&z=%4");
        assertThat(QueryParams.last(q, "EIO")).isEqualTo("4");
        assertThat(QueryParams.last(q, "transport")).isEqualTo("polling");
        assertThat(q.get("x")).containsExactly("%zz");
        assertThat(q.get("y")).containsExactly("%");
        assertThat(q.get("z")).containsExactly("%4");
    }

    @Test
    void decodesEscapesPlusAndUtf8WithReplacement() {
        Map<String, List<String>> q = QueryParams.parse("/p?EIO=%34&a=b+c&e=%C3%A9&bad=%E9&k%3D=v%26w");
        assertThat(QueryParams.last(q, "EIO")).isEqualTo("4");
        assertThat(QueryParams.last(q, "a")).isEqualTo("b c");
        assertThat(QueryParams.last(q, "e")).isEqualTo("é");
        assertThat(QueryParams.last(q, "bad")).isEqualTo("\uFFFD");
        assertThat(QueryParams.last(q, "k=")).isEqualTo("v&w");
    }

    @Test
    void laterValuesWinButAllAreKept() {
        Map<String, List<String>> q = QueryParams.parse("/p?transport=polling&transport=websocket&&flag&=x");
        assertThat(QueryParams.last(q, "transport")).isEqualTo("websocket");
        assertThat(q.get("transport")).containsExactly("polling", "websocket");
        assertThat(q.get("flag")).containsExactly("");
        assertThat(q.get("")).containsExactly("x");
        assertThat(QueryParams.last(q, "missing")).isNull();
    }

    @Test
    void noQueryAndFragment() {
        assertThat(QueryParams.parse("/socket.io/")).isEmpty();
        assertThat(QueryParams.parse("/socket.io/?")).isEmpty();
        assertThat(QueryParams.parse("/p?a=1#b=2")).containsOnlyKeys("a");
    }
}
