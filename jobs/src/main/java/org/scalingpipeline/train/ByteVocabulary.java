package org.scalingpipeline.train;

/**
 * Byte-level tokens, so that no tokenizer has to be downloaded: token id {@code b} is the UTF-8 byte
 * {@code b} (0..255), and ids 256..258 are reserved for padding, beginning and end of document, as
 * in the UTF-8-bytes vocabularies of the Perceiver AR experiments. One token is one byte, so bits per
 * byte are nats per token over {@code ln 2}.
 */
public final class ByteVocabulary {

  /** 256 byte values plus 3 reserved special tokens. */
  public static final int SIZE = 256 + 3;

  /** Name written as {@code tokenizer} in the run record. */
  public static final String TOKENIZER = "utf-8-bytes";

  private ByteVocabulary() {}

  /** Token id of a byte. */
  public static long id(byte b) {
    return b & 0xFF;
  }

  /** Bits per byte from a loss in nats per byte-token. */
  public static double bitsPerByte(double natsPerToken) {
    return natsPerToken / Math.log(2);
  }
}
