package dev.loops.webhooks.security;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import io.hawt.web.auth.RolePrincipal;
import io.hawt.web.auth.UserPrincipal;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;

/**
 * Hawtio authenticates its login form and its Jolokia filter through JAAS. Its Spring Security module is not
 * published to Maven Central, so this login module answers Hawtio's realm with the same check as everything
 * else: user {@code admin}, the admin token as password ({@link AdminAuthenticationProvider}).
 */
public final class HawtioLogin {

    private static volatile AuthenticationProvider provider;

    private HawtioLogin() {
    }

    /**
     * Answers the JAAS realm {@code realm} with {@link TokenLoginModule}; every other realm keeps the JVM's
     * previous configuration. Must run before Hawtio starts (a servlet context initializer does).
     */
    static synchronized void install(String realm, AuthenticationProvider adminProvider) {
        provider = adminProvider;
        Configuration previous;
        try {
            previous = Configuration.getConfiguration();
        } catch (SecurityException e) {
            previous = null;
        }
        Configuration delegate = previous;
        AppConfigurationEntry[] entries = {new AppConfigurationEntry(TokenLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (realm.equals(name)) {
                    return entries;
                }
                return delegate == null ? null : delegate.getAppConfigurationEntry(name);
            }
        });
    }

    /** Checks Hawtio's user name and password with the admin provider; its roles become Hawtio roles (ADMIN). */
    public static class TokenLoginModule implements LoginModule {

        private Subject subject;
        private CallbackHandler callbacks;
        private Authentication authenticated;
        private final Set<Principal> added = new LinkedHashSet<>();

        @Override
        public void initialize(Subject subject, CallbackHandler callbacks, Map<String, ?> sharedState,
                               Map<String, ?> options) {
            this.subject = subject;
            this.callbacks = callbacks;
        }

        @Override
        public boolean login() throws LoginException {
            AuthenticationProvider admin = provider;
            if (admin == null || callbacks == null) {
                throw new LoginException("the service is still starting");
            }
            NameCallback name = new NameCallback("username");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                callbacks.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new FailedLoginException("only user name and password are supported");
            }
            char[] secret = password.getPassword();
            password.clearPassword();
            if (name.getName() == null || secret == null) {
                throw new FailedLoginException("no credentials");
            }
            try {
                authenticated = admin.authenticate(
                        UsernamePasswordAuthenticationToken.unauthenticated(name.getName(), new String(secret)));
            } catch (AuthenticationException e) {
                throw new FailedLoginException("wrong user or admin token");
            }
            return authenticated != null && authenticated.isAuthenticated();
        }

        @Override
        public boolean commit() {
            if (authenticated == null) {
                return false;
            }
            added.add(new UserPrincipal(authenticated.getName()));
            for (GrantedAuthority authority : authenticated.getAuthorities()) {
                added.add(new RolePrincipal(authority.getAuthority().replaceFirst("^ROLE_", "")));
            }
            subject.getPrincipals().addAll(added);
            return true;
        }

        @Override
        public boolean abort() {
            authenticated = null;
            return true;
        }

        @Override
        public boolean logout() {
            subject.getPrincipals().removeAll(added);
            added.clear();
            authenticated = null;
            return true;
        }
    }
}
