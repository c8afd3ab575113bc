// Keep in step with package.json (scripts/check-tools.sh compares them).
export const NEXUS_VERSION = "0.1.0";
