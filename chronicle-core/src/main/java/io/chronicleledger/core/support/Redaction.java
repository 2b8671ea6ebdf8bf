package io.chronicleledger.core.support;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hides secrets in text meant for logs and messages: a configuration's {@code toString}, a URL that may carry a
 * password. What is hidden becomes {@value #HIDDEN}.
 */
public final class Redaction {

    /** What a hidden secret reads as. */
    public static final String HIDDEN = "****";

    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@]*):[^/@]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;](?:password|passwd|pwd|token|access_token|secret)=)[^&;]*");

    private Redaction() {
    }

    /**
     * Hides the password of a URL's user info ({@code scheme://user:password@host}) and the values of its
     * password-, token- and secret-named parameters, such as a JDBC URL's {@code ?password=}.
     *
     * @param url a URL, or several separated by commas
     * @return the URL with its secrets hidden
     */
    public static String url(String url) {
        String hidden = USER_INFO_PASSWORD.matcher(url).replaceAll("$1:" + HIDDEN + "@");
        return SECRET_PARAMETER.matcher(hidden).replaceAll("$1" + HIDDEN);
    }

    /**
     * Describes an optional secret without showing it.
     *
     * @param secret the secret, if any
     * @return {@value #HIDDEN} when present, {@code none} when not
     */
    public static String secret(Optional<?> secret) {
        return secret.isPresent() ? HIDDEN : "none";
    }
}
