package io.rnnstreams.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits raw text (SMS, tweets, review sentences) into tokens. Deterministic, no model, no locale
 * dependence; every token is a substring of the input, so nothing is rewritten or normalised.
 * docs/tokenizer.md has the same rules with examples.
 *
 * <p>Rules, applied left to right at each position:
 * <ol>
 *   <li><b>Separators</b> end tokens and are dropped: Unicode White_Space (space, tab, line breaks,
 *       U+0085 NEL, no-break spaces, U+2000..U+200A, U+3000 ...), other control characters (such
 *       as stray U+0096 from Windows-1252 text), U+200B zero width space and U+FEFF.
 *   <li><b>URLs</b> starting with {@code http://}, {@code https://}, {@code ftp://} or {@code www.}
 *       (case-insensitive, not preceded by a letter or digit) run to the next separator, minus
 *       trailing {@code . , ; : ! ? ' " >} and unbalanced closing brackets.
 *   <li><b>E-mail addresses</b> {@code local@domain.tld}: local part of letters, digits and
 *       {@code . _ % + -}; domain of at least two dot-separated labels.
 *   <li><b>@mentions and #hashtags</b>: {@code @} or {@code #} (not preceded by a letter or digit)
 *       followed by letters, digits and underscores.
 *   <li><b>HTML entities</b> {@code &name;}, {@code &#123;}, {@code &#x1F;} are one token.
 *   <li><b>Emoticons</b>: eyes {@code : ; =}, optional nose {@code -} or {@code '}, mouth
 *       {@code ) ( ] [ D P p O o / \ | * } {} (a {@code )} or {@code (} mouth may repeat), plus
 *       {@code <3 </3 ^_^ ^^ -_- >:( >:)}. An emoticon is never directly followed by a letter or
 *       digit ({@code x=(y)} has none), and one ending in a letter or digit is not preceded by one
 *       either ({@code re:Dave}, {@code 5:30} have none).
 *   <li><b>Clitics</b> {@code 's 're 'll 've 'd 'm} standing alone stay whole (so tokenizing
 *       already tokenized text changes nothing).
 *   <li><b>Words and numbers</b>: a run of letters, digits, combining marks and underscores;
 *       {@code .} or {@code ,} between two digits stays inside ({@code 3.14}, {@code 1,000});
 *       a hyphen or an apostrophe ({@code '} or U+2019) between two word characters stays inside
 *       ({@code e-mail}, {@code 0845-281-0075}, {@code o'clock}). A {@code +} or {@code -} sign
 *       directly before a digit, not preceded by a letter or digit, belongs to the number.
 *       Then the English clitics are split off the end, as Penn Treebank and UD English do:
 *       {@code n't} ("don't" -> "do" "n't", "can't" -> "ca" "n't") and {@code 's 're 'll 've 'd 'm}
 *       ("it's" -> "it" "'s"), repeatedly ("shouldn't've" -> "should" "n't" "'ve"),
 *       case-insensitive.
 *   <li><b>Anything else</b> (punctuation, symbols, emoji) is a token of one character, or of a
 *       run of the same character ({@code ...}, {@code !!!}); combining marks, variation selectors,
 *       skin-tone modifiers and zero-width-joiner sequences stay attached, and a pair of regional
 *       indicators (a flag) is one token.
 * </ol>
 *
 * <p>Thread-safe and stateless.
 */
public final class Tokenizer {
    private static final String[] URL_PREFIXES = {"http://", "https://", "ftp://", "www."};
    private static final String[] FIXED_EMOTICONS = {"</3", ">:(", ">:)", "^_^", "-_-", "<3", "^^"};
    private static final String EMOTICON_EYES = ":;=";
    private static final String EMOTICON_MOUTHS = ")(][DPpOo/\\|*}{";
    private static final String[] CLITICS = {"s", "re", "ll", "ve", "d", "m"};
    private static final String URL_TRAILING = ".,;:!?'\">";

    public String[] tokenize(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (isSeparator(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int end = url(text, i);
            if (end < 0) {
                end = email(text, i);
            }
            if (end < 0) {
                end = mentionOrHashtag(text, i);
            }
            if (end < 0) {
                end = htmlEntity(text, i);
            }
            if (end < 0) {
                end = emoticon(text, i);
            }
            if (end < 0) {
                end = loneClitic(text, i);
            }
            if (end >= 0) {
                out.add(text.substring(i, end));
                i = end;
                continue;
            }
            if (startsSignedNumber(text, i)) {
                end = wordEnd(text, i + 1);
            } else if (isWordChar(cp)) {
                end = wordEnd(text, i);
            }
            if (end >= 0) {
                addWithClitics(text.substring(i, end), out);
            } else {
                end = symbolEnd(text, i);
                out.add(text.substring(i, end));
            }
            i = end;
        }
        return out.toArray(new String[0]);
    }

    /** Unicode White_Space, other controls, zero width space and the BOM. */
    static boolean isSeparator(int cp) {
        switch (cp) {
            case 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x200B, 0xFEFF:
                return true;
            default:
                return (cp >= 0x2000 && cp <= 0x200A) || Character.getType(cp) == Character.CONTROL;
        }
    }

    static boolean isWordChar(int cp) {
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.CONNECTOR_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    private static boolean isDigit(int cp) {
        return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
    }

    /** True when position i starts a new word: at the start or after a non-word character. */
    private static boolean atBoundary(String text, int i) {
        return i == 0 || !isWordChar(text.codePointBefore(i));
    }

    private static int codePointAtOrMinus(String text, int i) {
        return i < text.length() ? text.codePointAt(i) : -1;
    }

    private static int url(String text, int i) {
        if (!atBoundary(text, i)) {
            return -1;
        }
        String prefix = null;
        for (String p : URL_PREFIXES) {
            if (text.regionMatches(true, i, p, 0, p.length())) {
                prefix = p;
                break;
            }
        }
        if (prefix == null) {
            return -1;
        }
        int end = i + prefix.length();
        while (end < text.length() && !isSeparator(text.codePointAt(end))) {
            end += Character.charCount(text.codePointAt(end));
        }
        end = trimUrlTail(text, i, end);
        int first = codePointAtOrMinus(text, i + prefix.length());
        boolean hasBody = end > i + prefix.length()
                && (prefix.equals("www.") ? isWordChar(first) : !isSeparator(first));
        return hasBody ? end : -1;
    }

    private static int trimUrlTail(String text, int start, int end) {
        while (end > start) {
            char last = text.charAt(end - 1);
            if (URL_TRAILING.indexOf(last) >= 0) {
                end--;
            } else if (last == ')' || last == ']' || last == '}') {
                char open = last == ')' ? '(' : last == ']' ? '[' : '{';
                if (count(text, start, end, open) < count(text, start, end, last)) {
                    end--;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        return end;
    }

    private static int count(String text, int start, int end, char c) {
        int k = 0;
        for (int j = start; j < end; j++) {
            if (text.charAt(j) == c) {
                k++;
            }
        }
        return k;
    }

    private static boolean isEmailLocalChar(int cp) {
        return isWordChar(cp) || cp == '.' || cp == '%' || cp == '+' || cp == '-';
    }

    private static boolean isDomainChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '-';
    }

    private static int email(String text, int i) {
        if (!atBoundary(text, i) || !isWordChar(text.codePointAt(i))) {
            return -1;
        }
        int j = i;
        while (j < text.length() && isEmailLocalChar(text.codePointAt(j))) {
            j += Character.charCount(text.codePointAt(j));
        }
        if (j >= text.length() || text.charAt(j) != '@') {
            return -1;
        }
        j++;
        int labels = 0;
        int end = -1;
        boolean lastLabelHasLetter = false;
        while (true) {
            int labelStart = j;
            boolean hasLetter = false;
            while (j < text.length() && isDomainChar(text.codePointAt(j))) {
                hasLetter |= Character.isLetter(text.codePointAt(j));
                j += Character.charCount(text.codePointAt(j));
            }
            if (j == labelStart) {
                break;
            }
            labels++;
            end = j;
            lastLabelHasLetter = hasLetter;
            if (j < text.length() && text.charAt(j) == '.') {
                j++;
            } else {
                break;
            }
        }
        if (labels < 2 || !lastLabelHasLetter) {
            return -1;
        }
        int next = codePointAtOrMinus(text, end);
        return next >= 0 && isWordChar(next) ? -1 : end;
    }

    private static int mentionOrHashtag(String text, int i) {
        char c = text.charAt(i);
        if ((c != '@' && c != '#') || !atBoundary(text, i)) {
            return -1;
        }
        int first = codePointAtOrMinus(text, i + 1);
        if (first < 0 || !isWordChar(first) || isMark(first)) {
            return -1;
        }
        int j = i + 1;
        while (j < text.length() && isWordChar(text.codePointAt(j))) {
            j += Character.charCount(text.codePointAt(j));
        }
        return j;
    }

    private static int htmlEntity(String text, int i) {
        if (text.charAt(i) != '&') {
            return -1;
        }
        int j = i + 1;
        int bodyStart = j;
        int maxBody;
        if (j < text.length() && text.charAt(j) == '#') {
            j++;
            boolean hex = j < text.length() && (text.charAt(j) == 'x' || text.charAt(j) == 'X');
            if (hex) {
                j++;
            }
            bodyStart = j;
            maxBody = hex ? 6 : 7;
            while (j < text.length() && j - bodyStart < maxBody
                    && (hex ? Character.digit(text.charAt(j), 16) >= 0
                            : text.charAt(j) >= '0' && text.charAt(j) <= '9')) {
                j++;
            }
        } else {
            maxBody = 32;
            while (j < text.length() && j - bodyStart < maxBody
                    && (j > bodyStart ? isAsciiLetterOrDigit(text.charAt(j))
                            : isAsciiLetter(text.charAt(j)))) {
                j++;
            }
        }
        if (j == bodyStart || j >= text.length() || text.charAt(j) != ';') {
            return -1;
        }
        return j + 1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    private static int emoticon(String text, int i) {
        int end = -1;
        for (String e : FIXED_EMOTICONS) {
            if (text.startsWith(e, i)) {
                end = i + e.length();
                break;
            }
        }
        if (end < 0 && EMOTICON_EYES.indexOf(text.charAt(i)) >= 0) {
            int j = i + 1;
            if (j < text.length() && (text.charAt(j) == '-' || text.charAt(j) == '\'')) {
                j++;
            }
            if (j < text.length() && EMOTICON_MOUTHS.indexOf(text.charAt(j)) >= 0) {
                char mouth = text.charAt(j);
                j++;
                if (mouth == ')' || mouth == '(') {
                    while (j < text.length() && text.charAt(j) == mouth) {
                        j++;
                    }
                }
                end = j;
            }
        }
        if (end < 0) {
            return -1;
        }
        char last = text.charAt(end - 1);
        int next = codePointAtOrMinus(text, end);
        if (next >= 0 && (isWordChar(next) || next == last)) {
            return -1;
        }
        if (Character.isLetterOrDigit(last) && !atBoundary(text, i)) {
            return -1;
        }
        return end;
    }

    private static int loneClitic(String text, int i) {
        if (!isApostrophe(text.charAt(i))) {
            return -1;
        }
        for (String c : CLITICS) {
            if (text.regionMatches(true, i + 1, c, 0, c.length())) {
                int end = i + 1 + c.length();
                int next = codePointAtOrMinus(text, end);
                if (next < 0 || !isWordChar(next)) {
                    return end;
                }
            }
        }
        return -1;
    }

    private static boolean startsSignedNumber(String text, int i) {
        char c = text.charAt(i);
        return (c == '+' || c == '-') && atBoundary(text, i)
                && i + 1 < text.length() && isDigit(text.codePointAt(i + 1));
    }

    /** End of the word or number run starting at i (text[i] is a word character). */
    private static int wordEnd(String text, int i) {
        int j = i;
        int previous = -1;
        while (j < text.length()) {
            int cp = text.codePointAt(j);
            int width = Character.charCount(cp);
            boolean inside;
            if (isWordChar(cp)) {
                inside = true;
            } else {
                int next = codePointAtOrMinus(text, j + width);
                if (cp == '.' || cp == ',') {
                    inside = previous >= 0 && isDigit(previous) && next >= 0 && isDigit(next);
                } else if (cp == '-' || cp == '\u2010' || isApostrophe(cp)) {
                    inside = previous >= 0 && isWordChar(previous) && next >= 0 && isWordChar(next);
                } else {
                    inside = false;
                }
            }
            if (!inside) {
                break;
            }
            previous = cp;
            j += width;
        }
        return j;
    }

    /** Adds a word, splitting English clitics off its end. */
    private static void addWithClitics(String word, List<String> out) {
        int insertAt = out.size();
        String head = word;
        while (true) {
            int cut = cliticCut(head);
            if (cut <= 0) {
                break;
            }
            out.add(insertAt, head.substring(cut));
            head = head.substring(0, cut);
        }
        out.add(insertAt, head);
    }

    /** Where the clitic at the end of the word starts, or -1. */
    private static int cliticCut(String word) {
        int len = word.length();
        if (len > 3 && isApostrophe(word.charAt(len - 2))
                && (word.charAt(len - 3) == 'n' || word.charAt(len - 3) == 'N')
                && (word.charAt(len - 1) == 't' || word.charAt(len - 1) == 'T')
                && isWordChar(word.codePointBefore(len - 3))) {
            return len - 3;
        }
        int apostrophe = Math.max(word.lastIndexOf('\''), word.lastIndexOf('\u2019'));
        if (apostrophe <= 0) {
            return -1;
        }
        String suffix = word.substring(apostrophe + 1).toLowerCase(Locale.ROOT);
        for (String c : CLITICS) {
            if (suffix.equals(c)) {
                return apostrophe;
            }
        }
        return -1;
    }

    /** End of a punctuation / symbol token starting at i. */
    private static int symbolEnd(String text, int i) {
        int cp = text.codePointAt(i);
        int j = i + Character.charCount(cp);
        if (isRegionalIndicator(cp)) {
            int next = codePointAtOrMinus(text, j);
            if (next >= 0 && isRegionalIndicator(next)) {
                j += Character.charCount(next);
            }
        } else {
            while (j < text.length() && text.codePointAt(j) == cp) {
                j += Character.charCount(cp);
            }
        }
        while (j < text.length()) {
            int next = text.codePointAt(j);
            if (isMark(next) || isSkinTone(next)) {
                j += Character.charCount(next);
            } else if (next == 0x200D && j + 1 < text.length()
                    && !isSeparator(text.codePointAt(j + 1))) {
                j += 1 + Character.charCount(text.codePointAt(j + 1));
            } else {
                break;
            }
        }
        return j;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isSkinTone(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }
}
