# Runtime image for Heliobase. Build the jar first (`mvn -B -DskipTests package`); this copies it with libs/.
FROM eclipse-temurin:25-jre
WORKDIR /opt/heliobase
COPY server/app/target/heliobase.jar ./heliobase.jar
COPY server/app/target/libs ./libs
COPY server/app/target/truffle-compiler ./truffle-compiler
ENV HELIOBASE_DATA_DIR=/var/lib/heliobase HELIOBASE_HOST=0.0.0.0
VOLUME /var/lib/heliobase
EXPOSE 1337
# the JVMCI flags load GraalJS's optimizing compiler for cloud code
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", \
            "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=/opt/heliobase/truffle-compiler", \
            "-XX:MaxRAMPercentage=75", "-jar", "/opt/heliobase/heliobase.jar"]
