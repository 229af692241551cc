package dev.loops.webhooks.security;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** HTTP basic for operators' tools (actuator, Jolokia): user {@code admin}, the admin token as password. */
@Component
public class AdminAuthenticationProvider implements AuthenticationProvider {

    static final String ADMIN = "admin";

    private final AdminToken adminToken;

    public AdminAuthenticationProvider(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String password = authentication.getCredentials() == null ? null : authentication.getCredentials().toString();
        if (!ADMIN.equals(authentication.getName()) || !adminToken.matches(password)) {
            throw new BadCredentialsException("Wrong user or admin token");
        }
        return UsernamePasswordAuthenticationToken.authenticated(ADMIN, null,
                List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
