package io.somactl.core.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /** The offset of the first byte that is not part of a well-formed sequence, or -1 if all are well-formed. */
    static int firstMalformed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i + 8 <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8; // the common case: plain ASCII, eight bytes at a time
        }
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int len;
            int min;
            if ((b & 0xE0) == 0xC0) {
                len = 2;
                min = 0x80;
            } else if ((b & 0xF0) == 0xE0) {
                len = 3;
                min = 0x800;
            } else if ((b & 0xF8) == 0xF0) {
                len = 4;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + len > end) {
                return i;
            }
            int cp = b & (0x7F >> len);
            for (int k = 1; k < len; k++) {
                int c = bytes[i + k];
                if ((c & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += len;
        }
        return -1;
    }
}
