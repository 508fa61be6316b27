import { run } from "./common.mjs";
run("polling", { transports: ["polling"] });
