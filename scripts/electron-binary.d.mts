export declare const findElectronBinary: () => { path: string } | { path: null; reason: string };
