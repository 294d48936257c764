package org.scalingpipeline.core.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A configuration that is not one names the sizes it was given; a count beyond a long is an error, never a wrap. */
class PerceiverArConfigTest {

    @Test
    void anInvalidConfigurationNamesTheSizesGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PerceiverArConfig(-512, 9, 32000, 2048, 512, 0.5));
        assertEquals("invalid Perceiver AR configuration (num_channels -512, num_layers 9, vocab_size 32000,"
                + " max_seq_len 2048, num_latents 512): sizes must be > 0 and max_seq_len >= num_latents", e.getMessage());
    }

    @Test
    void aParameterCountBeyondALongIsAnError() {
        PerceiverArConfig huge = new PerceiverArConfig(Integer.MAX_VALUE, Integer.MAX_VALUE, 32000, 2048, 512, 0.5);
        ArithmeticException e = assertThrows(ArithmeticException.class, huge::params);
        assertEquals("the parameter count of " + huge + " exceeds 9223372036854775807", e.getMessage());
        assertEquals(45_796_096L, new PerceiverArConfig(512, 9, 32000, 2048, 512, 0.5).params(), "article's (512, 9)");
    }
}
