/**
 * Files the browser tests upload: a real JPEG, an executable renamed .jpg,
 * and a 20 MB "photo". Made here rather than committed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

export const FIXTURES = path.resolve("tests/.tmp/fixtures");

export default async function globalSetup() {
  await mkdir(FIXTURES, { recursive: true });
  const jpeg = await sharp({
    create: { width: 1600, height: 1200, channels: 3, background: { r: 200, g: 40, b: 40 } },
  })
    .composite([
      {
        input: Buffer.from(
          `<svg width="1600" height="1200"><circle cx="800" cy="600" r="400" fill="#2f7d32"/></svg>`,
        ),
      },
    ])
    .jpeg({ quality: 80 })
    .toBuffer();
  await writeFile(path.join(FIXTURES, "ca-chua.jpg"), jpeg);
  // A Windows executable's header with a photo's name.
  const exe = Buffer.alloc(4096);
  exe.write("MZ", 0, "latin1");
  exe.write("This program cannot be run in DOS mode.", 78, "latin1");
  await writeFile(path.join(FIXTURES, "virus.exe.jpg"), exe);
  await writeFile(path.join(FIXTURES, "ruong-lua.jpg"), Buffer.concat([jpeg, Buffer.alloc(20 * 1024 * 1024 - jpeg.length, 7)]));
}
