// One launcher for every browser test of the repository (the CLI's scaffold test uses it too).
export { chromiumPath, launchChromium } from "@care/test-support/chromium";
