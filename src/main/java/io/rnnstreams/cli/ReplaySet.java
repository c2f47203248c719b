package io.rnnstreams.cli;

import io.rnnstreams.data.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequences a replay sends, each with its key ({@code PREFIX-000000} for the data set's first
 * sequence), and the ones it leaves out because the stream would reject a record of theirs (so
 * that the rest are scored on exactly what serving saw): an empty token, a token longer than
 * token.max.chars, a record larger than input.max.bytes. Keys keep the data set's numbering, so a
 * skipped sequence leaves a gap.
 */
record ReplaySet(List<String> keys, List<Example> examples, Map<String, Integer> skipped, long records) {
    static final String EMPTY_TOKEN = "empty token";
    static final String TOKEN_TOO_LONG = "token too long";
    static final String RECORD_TOO_LARGE = "record too large";

    static ReplaySet of(List<Example> all, String prefix, int maxTokenChars, int maxRecordBytes) {
        List<String> keys = new ArrayList<>();
        List<Example> examples = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        TokenRecords records = new TokenRecords();
        long count = 0;
        for (int s = 0; s < all.size(); s++) {
            Example e = all.get(s);
            String why = rejection(e, records, maxTokenChars, maxRecordBytes);
            if (why != null) {
                skipped.merge(why, 1, Integer::sum);
                continue;
            }
            keys.add(String.format(Locale.ROOT, "%s-%06d", prefix, s));
            examples.add(e);
            count += e.length();
        }
        return new ReplaySet(keys, examples, skipped, count);
    }

    private static String rejection(Example e, TokenRecords records, int maxTokenChars, int maxRecordBytes) {
        for (int i = 0; i < e.length(); i++) {
            if (e.hasTokens()) {
                String t = e.tokens()[i];
                if (t.isEmpty()) {
                    return EMPTY_TOKEN;
                }
                if (t.length() > maxTokenChars) {
                    return TOKEN_TOO_LONG;
                }
            }
            if (records.value(e, i, i == e.length() - 1).length > maxRecordBytes) {
                return RECORD_TOO_LARGE;
            }
        }
        return null;
    }
}
