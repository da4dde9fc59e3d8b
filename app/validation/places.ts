/** Place codes from URLs (the 2025 administrative units): a province is two digits, a commune five; anything else is no code. */
export function provinceCodeParam(value: string | undefined): string | null {
  return value !== undefined && /^\d{2}$/.test(value) ? value : null;
}

export function communeCodeParam(value: string | undefined): string | null {
  return value !== undefined && /^\d{5}$/.test(value) ? value : null;
}
