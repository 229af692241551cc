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
COPY --from=build /src/app.jar /app/app.jar
# the routes are inside the jar; mount your own folder at /app/routes and set
# CAMEL_MAIN_ROUTES_INCLUDE_PATTERN=file:/app/routes/*.yaml to run edited routes without a rebuild
USER webhooks
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
