// The browser entry index.html loads: the app with the plug screens of the deployment being built
// (`virtual:care-plug-uis` is its UI manifest, aliased by careWebConfig). A plug whose screens fail to load is left out.
import { plugUis } from "virtual:care-plug-uis";
import { startCareApp } from "./start-care-app.js";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
startCareApp(root, plugUis);
