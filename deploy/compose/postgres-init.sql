-- One database per service (each owns its schema; Flyway migrates it at the service's start) and
-- Keycloak's. Run once by the postgres image on an empty volume.
CREATE DATABASE template;
CREATE DATABASE style;
CREATE DATABASE batch;
CREATE DATABASE worker;
CREATE DATABASE notification;
CREATE DATABASE keycloak;
