import base from "/work/main/js/playwright.config";
export default {
  ...base, testDir: ".", workers: 1, fullyParallel: false, reporter: [["json"]],
};
