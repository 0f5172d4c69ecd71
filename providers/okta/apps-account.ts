/**
A simulated org is one account of the simulator, and two accounts of a config file: `okta-org-1` for its API
tokens and `okta-org-1-apps` for its apps' client secrets (`credentials: client-secrets`).
*/
export const oktaAppsAccountSuffix = '-apps';
