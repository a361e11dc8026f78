export declare const DEFAULT_API_BASE_URL: string;
export declare function contentSecurityPolicy(
  apiBaseUrl: string | undefined,
  options?: { header?: boolean },
): string;
export declare function securityHeaders(apiBaseUrl: string | undefined): Record<string, string>;
export declare function securityMetaTags(apiBaseUrl: string | undefined): string[];
