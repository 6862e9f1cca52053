import { App, Button, Upload } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useErrorText } from './error-alert.tsx';

export const DOCUMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png,application/ofd';

/** The Content-Type to send a file with; the server decides the type from the bytes and refuses a mismatch. */
export function contentTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  return /\.ofd$/i.test(file.name) ? 'application/ofd' : 'application/octet-stream';
}

/** One file as the API takes it: the bytes, the Content-Type to send them with and the file's name. */
export interface UploadFile {
  bytes: File;
  type: string;
  name: string;
}

/**
 * A button that sends one chosen document (PDF, image or OFD) through `upload`, busy meanwhile; success is
 * announced with `uploadedText` of what the server answered, a refusal as the server words it.
 */
export function UploadButton<R>({
  upload,
  uploadedText,
  label,
  onUploaded,
  testId,
  buttonProps,
}: {
  upload: (file: UploadFile) => Promise<R>;
  uploadedText: (result: R) => string;
  label: string;
  onUploaded: (result: R) => void;
  testId?: string;
  buttonProps?: ButtonProps;
}) {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [uploading, setUploading] = useState(false);

  async function send(file: File) {
    setUploading(true);
    try {
      const result = await upload({ bytes: file, type: contentTypeOf(file), name: file.name });
      message.success(uploadedText(result));
      onUploaded(result);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setUploading(false);
    }
  }

  return (
    <span data-testid={testId}>
      <Upload
        accept={DOCUMENT_ACCEPT}
        showUploadList={false}
        multiple={false}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
      >
        <Button loading={uploading} {...buttonProps}>
          {label}
        </Button>
      </Upload>
    </span>
  );
}
