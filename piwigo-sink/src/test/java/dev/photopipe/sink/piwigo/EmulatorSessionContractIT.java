package dev.photopipe.sink.piwigo;

/** The contract against the emulator, authenticating with a user name, password and session. */
class EmulatorSessionContractIT extends PiwigoContract {
    @Override
    protected ContractTarget openTarget() {
        return EmulatorTargets.withSession();
    }
}
