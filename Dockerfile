# Builds the service from this repository: docker compose up --build (or docker build -t incoming-webhooks .)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
COPY routes routes
RUN ./mvnw -B -ntp package -DskipTests && cp target/incoming-webhooks-*.jar /src/app.jar

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --uid 10001 webhooks && mkdir -p /app/data && chown webhooks /app/data
COPY --from=build /src/app.jar /tmp/app.jar
# The jar extracted (app.jar + lib/) and a class data sharing archive recorded by a training start that stops
# once the context is refreshed: the JVM then maps most classes instead of loading them, which cuts start-up
# by about half (bench/run.sh measures it). The training start uses a throwaway in-memory database and a throwaway
# encryption key: without one it would write a key file into the image, shared by every container made from it.
# The archive is made here, with the JRE that runs it, because it only works with the JVM that wrote it.
RUN java -Djarmode=tools -jar /tmp/app.jar extract --destination /app/service && rm /tmp/app.jar \
 && SPRING_DATASOURCE_URL="jdbc:h2:mem:training;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" LOOPS_ADMIN_TOKEN=training-start-only-not-a-real-token \
    LOOPS_ENCRYPTION_KEY=dHJhaW5pbmctc3RhcnQtb25seS1ub3QtYS1rZXktMDA= \
    java -XX:ArchiveClassesAtExit=/app/service/app.jsa -Dspring.context.exit=onRefresh -jar /app/service/app.jar > /dev/null \
 && test ! -e /app/data/secret.key
# the routes are inside the jar; mount your own folder at /app/routes and set
# CAMEL_MAIN_ROUTES_INCLUDE_PATTERN=file:/app/routes/*.yaml,file:/app/routes/platforms/*.yaml to run edited routes
# without a rebuild
USER webhooks
EXPOSE 8080
# the heap takes 60% of the container's memory: the rest is for metaspace, the CDS archive, code and threads
# (about 130 MiB); with 768 MiB (docker-compose.yml) the heap gets up to 460 MiB
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/service/app.jsa", "-jar", "/app/service/app.jar"]
