/**
 * Reading one uploaded file from a request: a multipart form's field, or the
 * raw body (`PUT` with `Content-Type: image/png`). A broken form or one
 * without the field is bad input (400 naming the field), never a 500. A body
 * a little over the limit is read and refused with the field's message (a
 * client that is cut off mid-upload sees a broken pipe, not the message); one
 * declared far over it is refused before it is read into memory.
 */
import { ValidationError } from "~/domain/errors";

export async function readUpload(request: Request, field: string, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = new ValidationError({ [field]: [`That file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB. Choose a smaller one.`] }, "That file is too large.");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > 2 * maxBytes) throw tooLarge;
  const type = request.headers.get("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new ValidationError({ [field]: ["The upload could not be read. Choose the file again."] }, "The upload could not be read.");
    }
    const file = form.get(field);
    if (!file || typeof file === "string" || file.size === 0) throw new ValidationError({ [field]: ["Choose a file to upload."] }, "Choose a file to upload.");
    if (file.size > maxBytes) throw tooLarge;
    return new Uint8Array(await file.arrayBuffer());
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge;
  return bytes;
}
