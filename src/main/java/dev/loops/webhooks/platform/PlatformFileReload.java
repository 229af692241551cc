package dev.loops.webhooks.platform;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * In development (loops.platform-files.reload-directory, set by the dev profile), a saved platform file replaces
 * that platform's routes at once, and the catalog with them. Camel's own route reloading (which reloads the
 * shared route files) does not know which routes a file of templated routes made (Camel 4.17 records no source
 * for them), so this watches the platform folder with Camel's file watcher and swaps the routes of the platform
 * the file is named after (stripe.yaml: the routes made with platform = stripe).
 */
@Component
@ConditionalOnProperty("loops.platform-files.reload-directory")
public class PlatformFileReload implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformFileReload.class);

    private final String directory;

    public PlatformFileReload(@Value("${loops.platform-files.reload-directory}") String directory) {
        this.directory = directory;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        FileWatcherResourceReloadStrategy watcher = new FileWatcherResourceReloadStrategy(directory);
        watcher.setFileFilter(file -> file.getName().endsWith(".yaml"));
        watcher.setResourceReload((name, resource) -> reload(camel, name, resource));
        try {
            camel.addService(watcher, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot watch the platform files in " + directory, e);
        }
        LOG.info("Platform files in {} reload when saved", Path.of(directory).toAbsolutePath());
    }

    private static void reload(CamelContext camel, String name, Resource resource) throws Exception {
        String fileName = Path.of(name).getFileName().toString();
        String platform = fileName.substring(0, fileName.length() - ".yaml".length());
        if (!resource.exists() || resource.getInputStream().available() == 0) {
            // an editor truncates the file before writing it: the next change event brings the content
            return;
        }
        ModelCamelContext model = camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class);
        List<RouteDefinition> routes = model.getRouteDefinitions().stream()
                .filter(route -> route.isCreatedFromTemplate()
                        && platform.equals(String.valueOf(route.getTemplateParameters().get("platform"))))
                .toList();
        model.removeRouteDefinitions(routes);
        PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
        LOG.info("Reloaded the {} routes of platform {} from {}", routes.size(), platform, fileName);
    }
}
