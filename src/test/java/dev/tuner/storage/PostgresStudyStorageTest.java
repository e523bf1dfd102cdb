package dev.tuner.storage;

/**
 * The storage contract on a real PostgreSQL server (see {@link TestPostgres}): the same schema and semantics as
 * SQLite. Skipped, with the reason, where no server is available.
 */
class PostgresStudyStorageTest extends StudyStorageContractTest {
    private String url;

    @Override
    StudyStorage newStorage() throws Exception {
        url = TestPostgres.freshSchemaUrl();
        return StudyStorages.open(url);
    }

    @Override
    StudyStorage sameDatabase() {
        return StudyStorages.open(url);
    }

    @Override
    String location() {
        return url.substring(0, url.indexOf('?'));
    }
}
