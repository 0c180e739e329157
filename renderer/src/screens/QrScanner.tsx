// Scans a QR code with the camera, or from a picture the user chooses (a screenshot sent over another channel).
// The camera is used only while this is open; its tracks stop as soon as a code is read or the dialog closes.
import { useEffect, useRef, useState } from 'react';
import { Dialog } from './Dialog';
import { decodeQr, pixelsOf } from './qr-decode';

const SCAN_INTERVAL_MS = 200;

export const QrScanner = (props: {
  readonly title: string;
  readonly onResult: (text: string) => void;
  readonly onClose: () => void;
}) => {
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<'starting' | 'on' | 'unavailable'>('starting');
  const [problem, setProblem] = useState<string | null>(null);
  const { onResult } = props;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | null = null;
    let stopped = false;
    const stop = () => {
      stopped = true;
      if (timer !== null) {
        window.clearInterval(timer);
      }
      stream?.getTracks().forEach((track) => track.stop());
    };
    const start = async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
      } catch {
        setCamera('unavailable');
        return;
      }
      const element = video.current;
      if (stopped || !element) {
        stop();
        return;
      }
      element.srcObject = stream;
      await element.play().catch(() => undefined);
      setCamera('on');
      timer = window.setInterval(() => {
        if (element.videoWidth === 0) {
          return;
        }
        const text = decodeQr(pixelsOf(element, element.videoWidth, element.videoHeight, 640));
        if (text !== null) {
          stop();
          onResult(text);
        }
      }, SCAN_INTERVAL_MS);
    };
    void start();
    return stop;
  }, [onResult]);

  const fromPicture = async (file: File | undefined) => {
    if (!file) {
      return;
    }
    try {
      const bitmap = await createImageBitmap(file);
      const text = decodeQr(pixelsOf(bitmap, bitmap.width, bitmap.height));
      bitmap.close();
      if (text === null) {
        setProblem('No QR code was found in that picture.');
      } else {
        onResult(text);
      }
    } catch {
      setProblem('That file is not a picture that can be read.');
    }
  };

  return (
    <Dialog title={props.title} onClose={props.onClose} testId="qr-scanner">
      <div className="scanner-frame">
        <video ref={video} muted playsInline aria-label="Camera preview" hidden={camera !== 'on'} />
        {camera === 'starting' && <p className="muted small">Starting the camera…</p>}
        {camera === 'unavailable' && (
          <p className="muted small">No camera is available. Choose a picture of the code instead.</p>
        )}
      </div>
      <label className="stack">
        Or choose a picture of the code
        <input type="file" accept="image/*" onChange={(event) => void fromPicture(event.target.files?.[0])} />
      </label>
      {problem && (
        <p className="error small" role="alert">
          {problem}
        </p>
      )}
    </Dialog>
  );
};
