package dev.photopipe.sink.piwigo;

/** The contract against the emulator, authenticating with the X-PIWIGO-API header. */
class EmulatorApiKeyContractIT extends PiwigoContract {
    @Override
    protected ContractTarget openTarget() {
        return EmulatorTargets.withApiKey();
    }
}
