// The test harness's, which starts the servers the bench loads (test/support/servers.ts).
export { freePort } from "../../test/support/free-port";
