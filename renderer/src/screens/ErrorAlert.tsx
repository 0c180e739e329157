// The app's last error, announced to screen readers; renders nothing when there is none.
export const ErrorAlert = ({ message, banner = false }: { message: string | null; banner?: boolean }) =>
  message ? (
    <p role="alert" className={banner ? 'banner error' : 'error'}>
      {message}
    </p>
  ) : null;
