package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenizerTest {
    private final Tokenizer tokenizer = new Tokenizer();

    /** Input text, then the expected tokens joined by single spaces (tokens never hold spaces). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("Hello, world!", "Hello , world !"),
                Arguments.of("  spaced\tout\n text ", "spaced out text"),
                Arguments.of("", ""),
                Arguments.of(" \t\n", ""),
                // clitics, Penn / UD English style
                Arguments.of("don't", "do n't"),
                Arguments.of("Don't", "Do n't"),
                Arguments.of("can't won't", "ca n't wo n't"),
                Arguments.of("DON'T", "DO N'T"),
                Arguments.of("it's they're we'll I've she'd I'm", "it 's they 're we 'll I 've she 'd I 'm"),
                Arguments.of("shouldn't've", "should n't 've"),
                Arguments.of("I\u2019m here", "I \u2019m here"),
                Arguments.of("Jones's o'clock rock'n'roll", "Jones 's o'clock rock'n'roll"),
                Arguments.of("do n't it 's", "do n't it 's"),
                Arguments.of("'hello' dogs'", "' hello ' dogs '"),
                // numbers
                Arguments.of("pi is 3.14, not 3.", "pi is 3.14 , not 3 ."),
                Arguments.of("1,000 people; 1,000,000.50 dollars", "1,000 people ; 1,000,000.50 dollars"),
                Arguments.of("call 08452810075 now", "call 08452810075 now"),
                Arguments.of("call 0845-281-0075.", "call 0845-281-0075 ."),
                Arguments.of("-5 degrees, +44 code, 10-5 win", "-5 degrees , +44 code , 10-5 win"),
                Arguments.of("£1.50 or 50%", "£ 1.50 or 50 %"),
                Arguments.of("21st May 2005.", "21st May 2005 ."),
                // URLs, e-mail, mentions, hashtags
                Arguments.of("see http://example.com/a?b=1&c=2.", "see http://example.com/a?b=1&c=2 ."),
                Arguments.of("(www.getzed.co.uk)", "( www.getzed.co.uk )"),
                Arguments.of("https://en.wikipedia.org/wiki/Foo_(bar)!", "https://en.wikipedia.org/wiki/Foo_(bar) !"),
                Arguments.of("mail john.smith@example.co.uk, ok", "mail john.smith@example.co.uk , ok"),
                Arguments.of("@SportsCenter: #NBA rocks #1", "@SportsCenter : #NBA rocks #1"),
                Arguments.of("a@b C# me@home", "a @ b C # me @ home"),
                // HTML entities
                Arguments.of("&lt;#&gt; &amp; T&amp;C &#39;x&#x27;", "&lt; # &gt; &amp; T &amp; C &#39; x &#x27;"),
                Arguments.of("AT&T & co;", "AT & T & co ;"),
                // emoticons
                Arguments.of("ok :) bad :-( wink ;) lol:)))", "ok :) bad :-( wink ;) lol :)))"),
                Arguments.of(":D :P :'( <3 ^_^ -_-", ":D :P :'( <3 ^_^ -_-"),
                Arguments.of("re:Dave at 5:30 x=(y)", "re : Dave at 5 : 30 x = ( y )"),
                Arguments.of("<30 mins", "< 30 mins"),
                // punctuation runs, hyphens, symbols
                Arguments.of("wait... what?!", "wait ... what ? !"),
                Arguments.of("a well-known e-mail -- really", "a well-known e-mail -- really"),
                Arguments.of("U.S. Mr. Smith", "U . S . Mr . Smith"),
                Arguments.of("snake_case_name", "snake_case_name"),
                // non-ASCII: separators, emoji, accents
                Arguments.of("is\u0085was \u0096 dash", "is was dash"),
                Arguments.of("caf\u00e9 na\u0131ve", "caf\u00e9 na\u0131ve"),
                Arguments.of("ok\uD83D\uDE02\uD83D\uDE02 yes", "ok \uD83D\uDE02\uD83D\uDE02 yes"),
                Arguments.of("\uD83D\uDC4D\uD83C\uDFFD fine", "\uD83D\uDC4D\uD83C\uDFFD fine"),
                Arguments.of("\u2764\uFE0F you", "\u2764\uFE0F you"),
                Arguments.of("\uD83C\uDDEC\uD83C\uDDE7\uD83C\uDDEB\uD83C\uDDF7", "\uD83C\uDDEC\uD83C\uDDE7 \uD83C\uDDEB\uD83C\uDDF7"),
                // SMS, verbatim from the kind of text in the SMS Spam Collection
                Arguments.of("Go until jurong point, crazy.. Available only in bugis n great world la e buffet...",
                        "Go until jurong point , crazy .. Available only in bugis n great world la e buffet ..."),
                Arguments.of("Text FA to 87121 to receive entry question(std txt rate)T&C's apply 08452810075over18's",
                        "Text FA to 87121 to receive entry question ( std txt rate ) T & C 's apply 08452810075over18 's"),
                Arguments.of("U dun say so early hor... U c already then say...",
                        "U dun say so early hor ... U c already then say ..."),
                Arguments.of("I'll call u &lt;#&gt; mins later:-)", "I 'll call u &lt; # &gt; mins later :-)"),
                Arguments.of("WINNER!! claim call 09061701461. Claim code KL341. Valid 12 hours only.",
                        "WINNER !! claim call 09061701461 . Claim code KL341 . Valid 12 hours only ."));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void tokenizes(String text, String expected) {
        String[] want = expected.isEmpty() ? new String[0] : expected.split(" ");
        assertArrayEquals(want, tokenizer.tokenize(text), () -> "text: " + text);
    }

    /** Tokenizing tokens joined by spaces gives them back; the tsv writers rely on it. */
    @ParameterizedTest
    @MethodSource("cases")
    void isIdempotent(String text, String ignored) {
        String[] once = tokenizer.tokenize(text);
        assertArrayEquals(once, tokenizer.tokenize(String.join(" ", once)), () -> "text: " + text);
    }

    /** Random text from characters the rules care about: never fails, loses or adds nothing. */
    @Test
    void randomTextKeepsTheInvariants() {
        String[] pieces = {"a", "Z", "7", "0", "n", "t", "m", "o", "O", "S", "D", "p", "ll", "re", "lt",
            ".", ",", "'", "''", "\u2019", "-", "--", "+", "@", "#", "&", ";", ":", ")", "(", "[", "]", "{", "}",
            "<", "3", "^", "_", "/", "\\", "|", "!", "?", "=", "*", "~", "$", "%", "1,0", "n't", "'s", ":)",
            "</3", "&#39;", "a@b.co", "x.co", "http://", "HTTPS://", "ftp://", "www.", " ", "\t", "\u00A0",
            "\u0085", "\u00e9", "\u0301", "\uD83D\uDE02", "\uD83C\uDDEC", "\u200D", "\uFE0F", "\uD800"};
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(25);
            for (int k = 0; k < n; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = text.toString();
            String[] tokens = tokenizer.tokenize(input);
            StringBuilder stripped = new StringBuilder();
            input.codePoints().filter(cp -> !Tokenizer.isSeparator(cp)).forEach(stripped::appendCodePoint);
            assertEquals(stripped.toString(), String.join("", tokens), () -> "text: " + input);
            for (String token : tokens) {
                assertFalse(token.isEmpty(), () -> "empty token from: " + input);
            }
            assertArrayEquals(tokens, tokenizer.tokenize(String.join(" ", tokens)), () -> "not idempotent: " + input);
        }
    }

    @Test
    void tokensAreTheInputWithoutSeparators() {
        String text = "Hi!! It's 3.14 &amp; :) www.x.org\u00a0ok\u2019d";
        StringBuilder stripped = new StringBuilder();
        text.codePoints().filter(cp -> !Tokenizer.isSeparator(cp)).forEach(stripped::appendCodePoint);
        assertEquals(stripped.toString(), String.join("", tokenizer.tokenize(text)));
    }
}
