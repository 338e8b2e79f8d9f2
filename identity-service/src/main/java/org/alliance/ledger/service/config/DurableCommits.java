package org.alliance.ledger.service.config;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service's transaction manager: a commit returns only once the committed data has been
 * handed to the operating system, so a write the service acknowledges survives a crash of the
 * process (SIGKILL, an out-of-memory kill) that follows the answer at once.
 *
 * <p>PostgreSQL already gives that and more: with its default {@code synchronous_commit=on} a
 * commit returns after the write-ahead log is flushed to disk, so an acknowledged write survives a
 * power cut too. The embedded H2 database does not: its store writes committed changes in the
 * background (by default up to 500 ms later), and even with {@code WRITE_DELAY=0} a commit that
 * finds another thread writing the store leaves its changes to that thread, which may have taken
 * its snapshot before them. Here every commit of a file-backed H2 database is followed by {@code
 * CHECKPOINT}, which stores all committed changes under the store's lock before the commit returns.
 * That is durability against a process crash; against a power cut the operating system's cache
 * must reach the disk, which only PostgreSQL (or H2's {@code CHECKPOINT SYNC}) guarantees.
 */
public class DurableCommits extends JdbcTransactionManager {
    private final boolean h2File;

    /**
     * Creates the manager.
     *
     * @param dataSource the service's database
     */
    public DurableCommits(DataSource dataSource) {
        super(dataSource);
        this.h2File = isH2File(dataSource);
    }

    /**
     * Whether commits are followed by a checkpoint.
     *
     * @return true for a file-backed H2 database
     */
    public boolean checkpoints() {
        return h2File;
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        super.doCommit(status);
        if (h2File) {
            // The transaction's connection is still bound until cleanup.
            ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.getResource(obtainDataSource());
            try (Statement s = holder.getConnection().createStatement()) {
                s.execute("CHECKPOINT");
            } catch (SQLException e) {
                // Committed but perhaps not yet stored: the caller must not acknowledge it as durable.
                throw new DataAccessResourceFailureException("committed, but the embedded database could not store "
                        + "the commit", e);
            }
        }
    }

    private static boolean isH2File(DataSource dataSource) {
        try {
            String url = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
            return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the database URL", e);
        }
    }
}
