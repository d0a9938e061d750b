import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered (see
 * app/http/security.server.ts). The server provides it around the app; in the
 * browser it is empty, which is what browsers show scripts' nonces as anyway.
 */
export const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
