import { ZmqError } from "../errors.js";
import { GroupMembership } from "../pipe/pipe-item.js";

/**
 * A RADIO/DISH group as given by the user (`Radio.send(m, { group })`, `Dish.join(group)`): a string (its
 * UTF-8 octets) or a Buffer of 0 to 255 octets, none of them zero (RFC 48 §"Group"; libzmq's
 * zmq_msg_set_group and dish_t::xjoin refuse longer ones with EINVAL, and cut C strings at a zero octet).
 */
export function toGroup(value: unknown): Buffer {
  let group: Buffer;
  if (typeof value === "string") group = Buffer.from(value, "utf8");
  else if (Buffer.isBuffer(value)) group = value;
  else throw new TypeError("A group must be a string or a Buffer");
  if (group.length > GroupMembership.MAX_LENGTH) {
    throw new ZmqError("EINVAL", `Invalid argument: a group is at most ${GroupMembership.MAX_LENGTH} octets, not ${group.length}`);
  }
  if (group.includes(0)) throw new ZmqError("EINVAL", "Invalid argument: a group may not contain a zero octet");
  return group;
}

/** The key a group is filed under: its octets as latin1, one character per octet. */
export function groupKey(group: Buffer): string {
  return group.toString("latin1");
}
