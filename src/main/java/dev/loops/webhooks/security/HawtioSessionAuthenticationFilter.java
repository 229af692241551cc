package dev.loops.webhooks.security;

import java.io.IOException;
import java.util.List;

import javax.security.auth.Subject;

import io.hawt.web.auth.RolePrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser that logged in through Hawtio's form has Hawtio's subject in its session; this makes Spring
 * Security see that login too, so the Jolokia calls of the Hawtio UI pass. Placed after Spring's session
 * management filter, so the session is not treated as a new login on every request.
 */
class HawtioSessionAuthenticationFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if ((current == null || current instanceof AnonymousAuthenticationToken) && session != null
                && session.getAttribute("subject") instanceof Subject subject
                && session.getAttribute("user") instanceof String user) {
            List<SimpleGrantedAuthority> roles = subject.getPrincipals(RolePrincipal.class).stream()
                    .map(role -> new SimpleGrantedAuthority("ROLE_" + role.getName()))
                    .toList();
            if (!roles.isEmpty()) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, roles));
                SecurityContextHolder.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
