package io.heliobase.server.settings;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address or CIDR range, as Parse's masterKeyIps accepts ("127.0.0.1", "::1", "10.0.0.0/8"). */
public record IpRange(byte[] network, int prefixLength, String text) {

    public static IpRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            return new IpRange(bytes, prefix, trimmed);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
        }
    }

    public boolean contains(InetAddress candidate) {
        byte[] bytes = candidate.getAddress();
        if (bytes.length != network.length) {
            // an IPv4 client seen as an IPv4-mapped IPv6 address still matches an IPv4 range
            if (bytes.length == 16 && network.length == 4 && isMapped(bytes)) {
                bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
            } else {
                return false;
            }
        }
        int bits = network.length * 8;
        BigInteger mask = prefixLength == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefixLength)
                        .shiftLeft(bits - prefixLength);
        return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
    }

    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return text;
    }
}
