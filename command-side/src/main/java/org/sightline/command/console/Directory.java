package org.sightline.command.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sign-in against an LDAP directory or Active Directory, with the user's groups mapped to a
 * console role and teams (see {@link GroupMappings} for the syntax and which role wins).
 *
 * <p>Disabled unless {@code sightline.ldap.url} is set. The user is found in one of two ways:
 * <ul>
 *   <li>{@code user-dn-pattern}: the account name, escaped as RFC 4514 requires, replaces
 *       {@code {0}} and the result is the bind name ({@code uid={0},ou=people,dc=example,dc=org},
 *       or {@code {0}@corp.example} for an Active Directory UPN bind). With a UPN the bind name
 *       is no DN, so also set the user search to find the DN that group filters match on.
 *   <li>{@code user-search-base} and {@code user-search-filter} ({@code (uid={0})},
 *       {@code (sAMAccountName={0})}): searched as {@code bind-dn}, or anonymously when that
 *       is unset; exactly one entry must match, and the user then binds as that entry.
 * </ul>
 * Groups are searched below {@code group-search-base} with {@code group-search-filter}
 * (default {@code (member={1})}; {@code {0}} is the account name, {@code {1}} the user's DN,
 * each encoded by JNDI as RFC 4515 requires), as {@code bind-dn} when set, otherwise as the
 * user. Their {@code group-name-attribute} (default {@code cn}) names them.
 *
 * <p>An accepted account is named as the directory spells it, read from the attribute the
 * user search filter compares with {@code {0}} or, failing that, the one the DN pattern's
 * first RDN assigns it to ({@code uid}, {@code sAMAccountName}): directories match names
 * ignoring case and surrounding spaces, and one person must keep one console name.
 *
 * <p>Unknown user or wrong password: a simple bind answers 49 (invalid credentials) for
 * both. With the user search, a name no entry matches is {@code UnknownUser} before any bind.
 * With a DN pattern, a refused bind is followed by a look-up of the entry as {@code bind-dn}
 * when that is set; without a service account every refused bind is {@code BadPassword}.
 * Either answer is for the audit trail only: the person signing in must not learn which.
 *
 * <p>Each call opens its own connections and closes them before it returns. The connect
 * timeout (default 5 s) bounds connecting and, in JDK 17, the answer to the first bind; the
 * read timeout (default 5 s) every later answer. So a directory that is down or silent
 * answers {@code Unavailable} within a few seconds. No exception leaves {@link #authenticate}.
 *
 * <p>NOTE: {@code ldaps://} validates the server's certificate against the JVM's trust store
 * and its host name against the URL (the JDK's default); never start the JVM with
 * {@code -Dcom.sun.jndi.ldap.object.disableEndpointIdentification=true}. A plain
 * {@code ldap://} URL to another host sends passwords unencrypted; Sightline warns at start.
 */
@Component
public class Directory {

    /** The longest account name passed to the directory, in characters. */
    public static final int MAX_ACCOUNT_CHARS = 256;

    private static final Logger log = LoggerFactory.getLogger(Directory.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    private static final Pattern FILTER_ACCOUNT =
            Pattern.compile("\\(\\s*([A-Za-z][A-Za-z0-9-]*)\\s*=\\{0}\\s*\\)");
    private static final Pattern PATTERN_ACCOUNT =
            Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9-]*)\\s*=\\s*\\{0}\\s*[,+]");

    /** What the directory said about an account and password. */
    public sealed interface Outcome {

        /**
         * Signed in. {@code account} is the name as the directory spells it (see the class
         * comment); {@code groups} are all the user's directory groups, mapped or not.
         */
        record Accepted(String account, AccountRole role, Set<TeamId> teams, Set<String> groups)
                implements Outcome {
            public Accepted {
                teams = Set.copyOf(teams);
                groups = Set.copyOf(groups);
            }
        }

        /** No entry has this name (or the name cannot be one). */
        record UnknownUser() implements Outcome {
        }

        /** The password is wrong or empty, or the name is unknown and cannot be told apart. */
        record BadPassword() implements Outcome {
        }

        /** The password is right, but none of the user's groups is mapped to a role. */
        record NoMappedGroup(Set<String> groups) implements Outcome {
            public NoMappedGroup {
                groups = Set.copyOf(groups);
            }
        }

        /** The directory could not answer: down, too slow, or misconfigured. */
        record Unavailable(String detail) implements Outcome {
        }
    }

    private final String url;
    private final String userDnPattern;
    private final LdapName userSearchBase;
    private final String userSearchFilter;
    private final String bindDn;
    private final String bindPassword;
    private final LdapName groupSearchBase;
    private final String groupSearchFilter;
    private final String groupNameAttribute;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final GroupMappings mappings;
    private final String accountAttribute;

    /**
     * Reads and checks the settings; empty strings mean unset.
     *
     * @throws IllegalArgumentException naming the setting that is missing or malformed, when
     *     the URL is set (a malformed group mapping fails even without it)
     */
    public Directory(
            @Value("${sightline.ldap.url:}") String url,
            @Value("${sightline.ldap.user-dn-pattern:}") String userDnPattern,
            @Value("${sightline.ldap.user-search-base:}") String userSearchBase,
            @Value("${sightline.ldap.user-search-filter:}") String userSearchFilter,
            @Value("${sightline.ldap.bind-dn:}") String bindDn,
            @Value("${sightline.ldap.bind-password:}") String bindPassword,
            @Value("${sightline.ldap.group-search-base:}") String groupSearchBase,
            @Value("${sightline.ldap.group-search-filter:(member={1})}") String groupSearchFilter,
            @Value("${sightline.ldap.group-name-attribute:cn}") String groupNameAttribute,
            @Value("${sightline.ldap.connect-timeout:PT5S}") Duration connectTimeout,
            @Value("${sightline.ldap.read-timeout:PT5S}") Duration readTimeout,
            @Value("${sightline.ldap.groups:}") String groups) {
        this.mappings = GroupMappings.parse("sightline.ldap.groups", groups);
        this.url = unset(url) ? null : url.strip();
        this.userDnPattern = unset(userDnPattern) ? null : userDnPattern.strip();
        this.userSearchBase = unset(userSearchBase) ? null
                : dn("sightline.ldap.user-search-base", userSearchBase);
        this.userSearchFilter = unset(userSearchFilter) ? null : userSearchFilter.strip();
        this.bindDn = unset(bindDn) ? null : bindDn.strip();
        this.bindPassword = bindPassword == null || bindPassword.isEmpty() ? null : bindPassword;
        this.groupSearchBase = unset(groupSearchBase) ? null
                : dn("sightline.ldap.group-search-base", groupSearchBase);
        this.groupSearchFilter = groupSearchFilter == null ? "" : groupSearchFilter.strip();
        this.groupNameAttribute = groupNameAttribute == null ? "" : groupNameAttribute.strip();
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.accountAttribute = accountAttribute(this.userSearchFilter, this.userDnPattern);
        if (enabled()) {
            check();
            log.info("LDAP sign-in enabled against {} with {} group mappings", this.url,
                    mappings.size());
        }
    }

    /** Whether sign-in against a directory is configured ({@code sightline.ldap.url}). */
    public boolean enabled() {
        return url != null;
    }

    /**
     * Checks an account name and password against the directory. Never throws: bad input is
     * {@code UnknownUser} or {@code BadPassword}, trouble with the directory {@code
     * Unavailable}. An empty password is refused before any connection is made, since a
     * simple bind with an empty password is an unauthenticated bind that "succeeds".
     *
     * @param account the name the user typed, as it is; may be null
     * @param password may be null; never logged
     */
    public Outcome authenticate(String account, String password) {
        if (!enabled()) {
            return new Outcome.Unavailable("no directory is configured (sightline.ldap.url)");
        }
        if (!plausible(account)) {
            return new Outcome.UnknownUser();
        }
        if (password == null || password.isEmpty()) {
            return new Outcome.BadPassword();
        }

        try {
            return userDnPattern == null
                    ? searchThenBind(account, password)
                    : bindThenSearch(account, password);
        } catch (NamingException | RuntimeException e) {
            String detail = describe(e);
            log.warn("Directory unavailable for a sign-in: {}", detail);
            log.debug("Directory failure", e);
            return new Outcome.Unavailable(detail);
        }
    }

    private Outcome searchThenBind(String account, String password) throws NamingException {
        try (Connection lookup = lookup()) {
            Optional<String> dn = findUser(lookup, account);
            if (dn.isEmpty()) {
                return new Outcome.UnknownUser();
            }
            try (Connection user = bindAs(dn.get(), password)) {
                if (user == null) {
                    return new Outcome.BadPassword();
                }
                return grant(bindDn == null ? user : lookup, account, dn.get());
            }
        }
    }

    private Outcome bindThenSearch(String account, String password) throws NamingException {
        String bindName = userDnPattern.replace("{0}", dnValue(account));
        Connection user;
        try {
            user = bindAs(bindName, password);
        } catch (InvalidNameException e) {
            return new Outcome.UnknownUser();
        }
        if (user == null) {
            return unknownOrBadPassword(account, bindName);
        }

        try (user; Connection lookup = bindDn == null ? null : lookup()) {
            Connection reader = lookup == null ? user : lookup;
            String dn = bindName;
            if (userSearchBase != null) {
                dn = findUser(reader, account).orElseThrow(() -> new NamingException(
                        "the user's bind succeeded but the user search finds no entry"));
            }
            return grant(reader, account, dn);
        }
    }

    /** After a refused bind by DN pattern: whether the entry exists, if a service may look. */
    private Outcome unknownOrBadPassword(String account, String bindName) {
        if (bindDn == null) {
            return new Outcome.BadPassword();
        }
        try (Connection lookup = lookup()) {
            boolean exists = userSearchBase != null
                    ? findUser(lookup, account).isPresent()
                    : exists(lookup, bindName);
            return exists ? new Outcome.BadPassword() : new Outcome.UnknownUser();
        } catch (NamingException | RuntimeException e) {
            // The bind was refused either way; only the audit detail is lost.
            log.warn("Could not tell an unknown user from a wrong password: {}", describe(e));
            log.debug("Directory failure", e);
            return new Outcome.BadPassword();
        }
    }

    private static boolean exists(Connection lookup, String bindName) throws NamingException {
        LdapName name;
        try {
            name = new LdapName(bindName);
        } catch (InvalidNameException notADn) {
            // A UPN pattern without a user search: nothing to look up.
            return true;
        }
        try {
            lookup.context().getAttributes(name, new String[] {"1.1"});
            return true;
        } catch (NameNotFoundException e) {
            return false;
        }
    }

    private Optional<String> findUser(Connection connection, String account)
            throws NamingException {
        SearchControls controls = controls(new String[0]);
        controls.setCountLimit(2);
        NamingEnumeration<SearchResult> results = connection.context()
                .search(userSearchBase, userSearchFilter, new Object[] {account}, controls);
        Set<String> found = new LinkedHashSet<>();
        boolean several = false;
        try {
            while (more(results)) {
                found.add(results.next().getNameInNamespace());
            }
        } catch (SizeLimitExceededException moreThanTwo) {
            several = true;
        } finally {
            results.close();
        }
        if (several || found.size() > 1) {
            throw new NamingException("sightline.ldap.user-search-filter matches several entries"
                    + " for one account name");
        }
        return found.stream().findFirst();
    }

    private Outcome grant(Connection connection, String account, String dn)
            throws NamingException {
        Set<String> groups = groups(connection, account, dn);
        String name = spelling(connection, account, dn);
        return mappings.grant(groups)
                .<Outcome>map(grant -> new Outcome.Accepted(name, grant.role(), grant.teams(),
                        groups))
                .orElseGet(() -> new Outcome.NoMappedGroup(groups));
    }

    /**
     * The account name as the directory spells it. Its matching rules ignore case and leading,
     * trailing and repeated spaces, so " Alice" binds as alice; one person keeps one name.
     */
    private String spelling(Connection connection, String account, String dn)
            throws NamingException {
        if (accountAttribute == null) {
            return account;
        }
        Attribute values = connection.context()
                .getAttributes(new LdapName(dn), new String[] {accountAttribute})
                .get(accountAttribute);
        if (values == null || values.size() == 0) {
            return account;
        }
        for (int i = 0; i < values.size(); i++) {
            if (String.valueOf(values.get(i)).equalsIgnoreCase(account.strip())) {
                return String.valueOf(values.get(i));
            }
        }
        return String.valueOf(values.get(0));
    }

    /**
     * The attribute holding the account name: the one the user search filter compares with
     * {@code {0}}, else the one the DN pattern's first RDN assigns {@code {0}} to; null when
     * neither does (a UPN pattern alone), and then the name is kept as typed.
     */
    private static String accountAttribute(String filter, String pattern) {
        Matcher inFilter = FILTER_ACCOUNT.matcher(filter == null ? "" : filter);
        if (inFilter.find()) {
            return inFilter.group(1);
        }
        Matcher inPattern = PATTERN_ACCOUNT.matcher(pattern == null ? "" : pattern);
        return inPattern.find() ? inPattern.group(1) : null;
    }

    private Set<String> groups(Connection connection, String account, String dn)
            throws NamingException {
        NamingEnumeration<SearchResult> results = connection.context().search(groupSearchBase,
                groupSearchFilter, new Object[] {account, dn},
                controls(new String[] {groupNameAttribute}));
        Set<String> groups = new LinkedHashSet<>();
        try {
            while (more(results)) {
                Attribute names = results.next().getAttributes().get(groupNameAttribute);
                for (int i = 0; names != null && i < names.size(); i++) {
                    groups.add(String.valueOf(names.get(i)));
                }
            }
        } finally {
            results.close();
        }
        return groups;
    }

    private SearchControls controls(String[] attributes) {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(attributes);
        controls.setTimeLimit((int) readTimeout.toMillis());
        return controls;
    }

    /**
     * Whether a search has another result. Active Directory answers a search of a domain's
     * root with continuation references too; referrals are ignored, so JNDI reports them as a
     * {@link PartialResultException} after the last entry, which ends the results.
     */
    private static boolean more(NamingEnumeration<SearchResult> results) throws NamingException {
        try {
            return results.hasMore();
        } catch (PartialResultException referralsOnly) {
            return false;
        }
    }

    /** A connection as {@code bind-dn}, or an anonymous one when that is unset. */
    private Connection lookup() throws NamingException {
        try {
            return connect(bindDn, bindPassword);
        } catch (AuthenticationException e) {
            throw new NamingException("the directory refuses sightline.ldap.bind-dn and its"
                    + " password");
        }
    }

    /** A connection bound as the user, or null when the directory refuses the password. */
    private Connection bindAs(String name, String password) throws NamingException {
        try {
            return connect(name, password);
        } catch (AuthenticationException e) {
            return null;
        }
    }

    private Connection connect(String principal, String password) throws NamingException {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        environment.put(Context.PROVIDER_URL, url);
        environment.put(Context.REFERRAL, "ignore");
        environment.put("java.naming.ldap.version", "3");
        environment.put("com.sun.jndi.ldap.connect.pool", "false");
        environment.put("com.sun.jndi.ldap.connect.timeout",
                Long.toString(connectTimeout.toMillis()));
        environment.put("com.sun.jndi.ldap.read.timeout", Long.toString(readTimeout.toMillis()));
        if (principal == null) {
            environment.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            environment.put(Context.SECURITY_AUTHENTICATION, "simple");
            environment.put(Context.SECURITY_PRINCIPAL, principal);
            environment.put(Context.SECURITY_CREDENTIALS, password);
        }
        return new Connection(new InitialLdapContext(environment, null));
    }

    /** One LDAP connection, closed by try-with-resources. */
    private record Connection(LdapContext context) implements AutoCloseable {
        @Override
        public void close() {
            try {
                context.close();
            } catch (NamingException e) {
                log.debug("Closing a directory connection failed", e);
            }
        }
    }

    /**
     * An attribute value escaped for a DN as RFC 4514 section 2.4 requires: the special
     * characters and {@code =} with a backslash, a leading {@code #} or space, a trailing
     * space, and NUL as {@code \00}.
     */
    static String dnValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean edge = (i == 0 && (c == ' ' || c == '#'))
                    || (i == value.length() - 1 && c == ' ');
            if (c == '\0') {
                escaped.append("\\00");
            } else if (edge || "\"+,;<>\\=".indexOf(c) >= 0) {
                escaped.append('\\').append(c);
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static boolean plausible(String account) {
        return account != null
                && !account.isBlank()
                && account.length() <= MAX_ACCOUNT_CHARS
                && account.chars().noneMatch(Character::isISOControl);
    }

    private static String describe(Throwable e) {
        StringBuilder detail = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e instanceof NamingException naming && naming.getRootCause() != null
                ? naming.getRootCause()
                : e.getCause();
        if (cause != null && cause != e) {
            detail.append(" (").append(cause).append(')');
        }
        return detail.toString();
    }

    private void check() {
        for (String each : url.split("\\s+")) {
            checkUrl(each);
        }
        if (userDnPattern == null && userSearchBase == null) {
            throw new IllegalArgumentException("sightline.ldap.url is set, so set"
                    + " sightline.ldap.user-dn-pattern or sightline.ldap.user-search-base");
        }
        if (userDnPattern != null && !userDnPattern.contains("{0}")) {
            throw new IllegalArgumentException(
                    "sightline.ldap.user-dn-pattern must contain {0}, the account name");
        }
        if ((userSearchBase == null) != (userSearchFilter == null)) {
            throw new IllegalArgumentException("set sightline.ldap.user-search-base and"
                    + " sightline.ldap.user-search-filter together");
        }
        if (userSearchFilter != null) {
            checkFilter("sightline.ldap.user-search-filter", userSearchFilter, 0);
        }
        if ((bindDn == null) != (bindPassword == null)) {
            // An empty password would make the service bind an unauthenticated one.
            throw new IllegalArgumentException("set sightline.ldap.bind-dn and"
                    + " sightline.ldap.bind-password together");
        }
        if (groupSearchBase == null) {
            throw new IllegalArgumentException("sightline.ldap.url is set, so set"
                    + " sightline.ldap.group-search-base");
        }
        checkFilter("sightline.ldap.group-search-filter", groupSearchFilter, 1);
        if (!groupNameAttribute.matches("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+")) {
            throw new IllegalArgumentException("sightline.ldap.group-name-attribute '"
                    + groupNameAttribute + "' is not an attribute name");
        }
        checkTimeout("sightline.ldap.connect-timeout", connectTimeout);
        checkTimeout("sightline.ldap.read-timeout", readTimeout);
        if (mappings.isEmpty()) {
            throw new IllegalArgumentException("sightline.ldap.url is set, so map at least one"
                    + " group in sightline.ldap.groups, e.g. sightline-admins=ADMIN");
        }
    }

    private static void checkUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("sightline.ldap.url '" + text + "' is no URL: "
                    + e.getMessage());
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/");
        if (!scheme.equals("ldap") && !scheme.equals("ldaps") || uri.getHost() == null
                || !bare || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("sightline.ldap.url '" + text + "' must be"
                    + " ldap://HOST[:PORT] or ldaps://HOST[:PORT], with no DN or query");
        }
        if (scheme.equals("ldap") && !loopback(uri.getHost())) {
            log.warn("sightline.ldap.url {} is not ldaps://: passwords cross the network"
                    + " unencrypted", text);
        }
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static void checkFilter(String setting, String filter, int highestPlaceholder) {
        if (!filter.startsWith("(") || !filter.endsWith(")")) {
            throw new IllegalArgumentException(setting + " '" + filter
                    + "' must be an LDAP filter in parentheses");
        }
        Matcher placeholder = PLACEHOLDER.matcher(filter);
        while (placeholder.find()) {
            if (placeholder.group(1).length() > 1
                    || placeholder.group(1).charAt(0) - '0' > highestPlaceholder) {
                throw new IllegalArgumentException(setting + " '" + filter + "' may use only "
                        + (highestPlaceholder == 0 ? "{0}" : "{0} and {1}"));
            }
        }
    }

    private static void checkTimeout(String setting, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()
                || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(setting + " must be positive, e.g. PT5S");
        }
    }

    private static LdapName dn(String setting, String text) {
        try {
            return new LdapName(text.strip());
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException(setting + " '" + text + "' is not a DN: "
                    + e.getMessage());
        }
    }

    private static boolean unset(String value) {
        return value == null || value.isBlank();
    }
}
