// Where the tests find the project's files (run from any working directory).
import {fileURLToPath} from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const RUNTIME = new URL("../../build_tools/runtime/", import.meta.url);
export const CLIENT = new URL("../../build_tools/theme/assets/javascripts/assessment/", import.meta.url);
