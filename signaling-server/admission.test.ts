import { describe, expect, it } from 'vitest';
import { createAdmission } from './admission';

describe('admission', () => {
  it('caps connections per IP and in total, and frees a slot when a connection closes', () => {
    const admission = createAdmission({ maxConnections: 3, maxConnectionsPerIp: 2, allowedOrigins: null });
    const a1 = admission.admit({ ip: '10.0.0.1', origin: undefined });
    const a2 = admission.admit({ ip: '10.0.0.1', origin: undefined });
    expect(admission.admit({ ip: '10.0.0.1', origin: undefined })).toMatchObject({
      admitted: false,
      status: 503,
    });
    const b1 = admission.admit({ ip: '10.0.0.2', origin: undefined });
    expect(admission.admit({ ip: '10.0.0.3', origin: undefined })).toMatchObject({
      admitted: false,
      status: 503,
    });
    expect([a1.admitted, a2.admitted, b1.admitted]).toEqual([true, true, true]);
    if (a1.admitted) {
      a1.release();
      a1.release(); // releasing twice frees one slot only
    }
    expect(admission.open).toBe(2);
    expect(admission.admit({ ip: '10.0.0.1', origin: undefined }).admitted).toBe(true);
    expect(admission.admit({ ip: '10.0.0.1', origin: undefined }).admitted).toBe(false);
  });

  it('admits only allowed browser origins, and clients that send no origin', () => {
    const admission = createAdmission({
      maxConnections: 10,
      maxConnectionsPerIp: 10,
      allowedOrigins: ['https://chat.example'],
    });
    expect(admission.admit({ ip: 'x', origin: 'https://chat.example' }).admitted).toBe(true);
    expect(admission.admit({ ip: 'x', origin: 'https://evil.example' })).toMatchObject({
      admitted: false,
      status: 403,
    });
    expect(admission.admit({ ip: 'x', origin: undefined }).admitted).toBe(true);
  });
});
