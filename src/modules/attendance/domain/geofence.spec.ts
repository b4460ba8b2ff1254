import { boundingBox, decideGeofence, distanceMeters, EARTH_RADIUS_METERS } from './geofence';

/** Metres per degree of latitude on the mean sphere. */
const PER_DEG = (Math.PI * EARTH_RADIUS_METERS) / 180;
const north = (lat: number, lng: number, metres: number) => ({ lat: lat + metres / PER_DEG, lng });

describe('geofence', () => {
  const fence = { lat: 37.7946, lng: -122.3951, radiusMeters: 100 };

  it('measures known great-circle distances', () => {
    // Paris – London, about 343.5 km
    expect(
      distanceMeters({ lat: 48.8566, lng: 2.3522 }, { lat: 51.5074, lng: -0.1278 }),
    ).toBeCloseTo(343_560, -3);
    expect(distanceMeters(fence, fence)).toBe(0);
    expect(distanceMeters(fence, north(fence.lat, fence.lng, 50))).toBeCloseTo(50, 3);
  });

  it('grants inside the fence and denies outside it', () => {
    expect(decideGeofence(fence, north(fence.lat, fence.lng, 40), 5)).toEqual({
      flag: 'granted',
      distanceMeters: expect.closeTo(40, 3) as number,
    });
    expect(decideGeofence(fence, north(fence.lat, fence.lng, 500), 10).flag).toBe('denied');
  });

  it('on the edge: exactly the radius grants; just beyond it grants only with the accuracy allowance', () => {
    expect(decideGeofence(fence, north(fence.lat, fence.lng, 99.999), null).flag).toBe('granted');
    const beyond = north(fence.lat, fence.lng, 110);
    expect(decideGeofence(fence, beyond, null).flag).toBe('denied');
    expect(decideGeofence(fence, beyond, 5).flag).toBe('denied');
    expect(decideGeofence(fence, beyond, 15).flag).toBe('granted');
  });

  it('counts the accuracy for at most the radius: a vague fix cannot grant from far away', () => {
    const far = north(fence.lat, fence.lng, 250);
    expect(decideGeofence(fence, far, 5000).flag).toBe('denied');
    expect(decideGeofence(fence, north(fence.lat, fence.lng, 190), 5000).flag).toBe('granted');
  });

  it('no fix is a timeout without a distance', () => {
    expect(decideGeofence(fence, null, null)).toEqual({ flag: 'timeout', distanceMeters: null });
  });

  it('across the antimeridian: 179.9995 E and 179.9995 W are about 111 m apart at the equator', () => {
    const fiji = { lat: 0, lng: 179.9995, radiusMeters: 150 };
    const d = distanceMeters(fiji, { lat: 0, lng: -179.9995 });
    expect(d).toBeCloseTo(111.2, 0);
    expect(decideGeofence(fiji, { lat: 0, lng: -179.9995 }, null).flag).toBe('granted');
    expect(
      decideGeofence({ ...fiji, radiusMeters: 100 }, { lat: 0, lng: -179.9995 }, null).flag,
    ).toBe('denied');
  });

  it('near a pole, longitudes far apart are metres apart', () => {
    const pole = { lat: 89.9999, lng: 0, radiusMeters: 50 };
    // 0.0001 degrees from the pole is about 11 m; the opposite meridian is about 22 m away
    expect(decideGeofence(pole, { lat: 89.9999, lng: 180 }, null).flag).toBe('granted');
    expect(decideGeofence(pole, { lat: 89.999, lng: 90 }, null).flag).toBe('denied');
  });

  it('bounding boxes: one longitude range normally, two across the antimeridian, all near a pole', () => {
    const plain = boundingBox({ lat: 37.79, lng: -122.39 }, 1000);
    expect(plain.lngRanges).toHaveLength(1);
    expect(plain.maxLat - plain.minLat).toBeCloseTo((2 * 1000) / PER_DEG, 6);
    const wrap = boundingBox({ lat: 0, lng: 179.9995 }, 1000);
    expect(wrap.lngRanges).toHaveLength(2);
    expect(wrap.lngRanges[1][0]).toBe(-180);
    expect(boundingBox({ lat: 89.995, lng: 10 }, 1000).lngRanges).toEqual([[-180, 180]]);
  });
});
