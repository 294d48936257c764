package org.scalingpipeline.core.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hoffmann et al. 2022 approach 2: the vertex of an IsoFLOP profile in ln N is the compute-optimal size. */
class IsoFlopParabolaTest {

    @Test
    void theVertexIsTheLossMinimisingSize() {
        IsoFlopParabola profile = new IsoFlopParabola(0.08, -2 * 0.08 * Math.log(2e4), 9.0);
        assertEquals(2e4, profile.nOpt(), 2e4 * 1e-12);
        assertTrue(profile.loss(1.5e4) > profile.minimumLoss() && profile.loss(2.5e4) > profile.minimumLoss());
    }

    @Test
    void aProfileThatOpensDownwardsOrIsALineHasNoOptimum() {
        // Losses rising to a peak inside the sweep: the vertex is the worst size, not N_opt.
        assertTrue(Double.isNaN(new IsoFlopParabola(-0.08, 1.6, 2.0).nOpt()));
        assertTrue(Double.isNaN(new IsoFlopParabola(0, -0.1, 3.0).nOpt()));
    }
}
