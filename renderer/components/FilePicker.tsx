import { useRef } from 'react';

interface Props {
  label: string;
  /** What the system's file chooser offers, as the `accept` attribute says it. */
  accept: string;
  onFile: (file: File) => void | Promise<void>;
  className?: string;
  title?: string;
  inputTestId?: string;
}

/** A button that opens the system's file chooser (a hidden file input) and hands over the file chosen. */
export function FilePicker({ label, accept, onFile, className = 'button', title, inputTestId }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()} title={title}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid={inputTestId}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Emptied, so that choosing the same file again is a change too.
          event.target.value = '';
          if (file) void onFile(file);
        }}
      />
    </>
  );
}
