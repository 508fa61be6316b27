import { run } from "./common.mjs";
run("upgrade", { transports: ["polling", "websocket"] }, { expectUpgrade: true });
