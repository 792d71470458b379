import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// ./errors is what plugs receive through @care/plug-sdk: loading it must not load the server or the database.
export default defineConfig(libraryBuild(["src/index.ts", "src/plug-errors.ts"]));
