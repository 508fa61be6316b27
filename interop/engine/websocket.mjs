import { run } from "./common.mjs";
run("websocket", { transports: ["websocket"] });
