package io.rnnstreams.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a UTF-8 text file line by line, splitting on {@code '\n'} only.
 *
 * <p>{@link java.io.BufferedReader#readLine()} also breaks lines at a lone {@code '\r'}; the data
 * sets we read contain other characters that some tools treat as line breaks (U+0085 NEL inside
 * IMDB sentences), so the rule here is the narrow one: a line ends at {@code '\n'}, one trailing
 * {@code '\r'} is removed (CRLF files), a final line without {@code '\n'} still counts, and a UTF-8
 * byte order mark at the very start is skipped. Invalid UTF-8 is a {@link DataFormatException}
 * naming the line, never a silent replacement character.
 */
final class LineReader implements Closeable {
    private final Path path;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPosition;
    private int chunkLength;
    private byte[] buffer = new byte[256];
    private long lineNumber;
    private boolean atStart = true;

    LineReader(Path path) throws IOException {
        this.path = path;
        this.in = Files.newInputStream(path);
    }

    /** The next line without its terminator, or null at the end of the file. */
    String next() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (chunkPosition == chunkLength) {
                chunkLength = in.read(chunk);
                chunkPosition = 0;
                if (chunkLength <= 0) {
                    chunkLength = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int end = chunkPosition;
            while (end < chunkLength && chunk[end] != '\n') {
                end++;
            }
            int n = end - chunkPosition;
            if (length + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
            }
            System.arraycopy(chunk, chunkPosition, buffer, length, n);
            length += n;
            if (end < chunkLength) {
                chunkPosition = end + 1;
                break;
            }
            chunkPosition = chunkLength;
        }
        lineNumber++;
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        int start = 0;
        if (atStart) {
            atStart = false;
            if (length >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB
                    && buffer[2] == (byte) 0xBF) {
                start = 3;
            }
        }
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(buffer, start, length - start));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8");
        }
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    Path path() {
        return path;
    }

    /** An error about the line last returned. */
    DataFormatException error(String problem) {
        return new DataFormatException(path, lineNumber, problem);
    }

    /** An error about an earlier line (a sentence's first line, say). */
    DataFormatException error(long line, String problem) {
        return new DataFormatException(path, line, problem);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
