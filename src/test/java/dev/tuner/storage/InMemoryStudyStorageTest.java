package dev.tuner.storage;

class InMemoryStudyStorageTest extends StudyStorageContractTest {
    @Override
    StudyStorage newStorage() {
        return new InMemoryStudyStorage();
    }

    @Override
    String location() {
        return "memory";
    }
}
