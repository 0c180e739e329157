// Build-time constants injected by Vite's `define`.
declare const __APP_VERSION__: string;
