-- Sets up a PostgreSQL (11 or later) for Sightline: an owner role that runs the migrations
-- and owns the tables, and an application role that Sightline connects as. The migrations
-- grant the application role only what it needs: on the event store, SELECT and INSERT.
--
-- Run as a superuser, choosing the passwords:
--   psql -v owner_password="'...'" -v app_password="'...'" -f create-database.sql
-- then configure Sightline with
--   SPRING_DATASOURCE_URL=jdbc:postgresql://HOST:5432/sightline
--   SPRING_DATASOURCE_USERNAME=sightline_app      SPRING_DATASOURCE_PASSWORD=...
--   SPRING_R2DBC_URL=r2dbc:postgresql://HOST:5432/sightline
--   SPRING_R2DBC_USERNAME=sightline_app           SPRING_R2DBC_PASSWORD=...
--   SIGHTLINE_DATABASE_OWNER_USERNAME=sightline_owner
--   SIGHTLINE_DATABASE_OWNER_PASSWORD=...
CREATE ROLE sightline_owner LOGIN PASSWORD :owner_password;
CREATE ROLE sightline_app LOGIN PASSWORD :app_password;
CREATE DATABASE sightline OWNER sightline_owner;
