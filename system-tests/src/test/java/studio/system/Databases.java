package studio.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import studio.devstack.Devstack;
import studio.devstack.Postgres;

/**
 * One-off statements against a service's own database on the shared devstack, for what a test sets
 * up or checks below the API (a provider paused as an account problem pauses it, a count of rows).
 */
final class Databases {

    private Databases() {
    }

    /** Runs a statement with its parameters ({@code ?}); returns the rows it changed. */
    static int execute(String database, String statement, Object... parameters) throws SQLException {
        try (Connection db = connect(database); PreparedStatement sql = db.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                sql.setObject(i + 1, parameters[i]);
            }
            return sql.executeUpdate();
        }
    }

    /** The first column of a query's first row, as a number (a count). */
    static long count(String database, String query, Object... parameters) throws SQLException {
        try (Connection db = connect(database); PreparedStatement sql = db.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                sql.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(Devstack.shared().postgres().jdbcUrl(database), Postgres.USER, Postgres.PASSWORD);
    }
}
