/** A count with its noun: "1 device", "10,000 devices". */
export const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;
