import numpy as np, functools, os
from scipy.optimize import curve_fit
d=os.environ.get('SCALING_DATA_DIR','/work/shared/data')
def pl(x,k,m): return k*x**m
for ap in (1,2):
    F,P,T=np.loadtxt(d+f'/chinchilla/approach_{ap}.csv',delimiter=',',skiprows=1,unpack=True)
    for a,b in ((0.5,0.5),(0.49,0.51)):
        kn=curve_fit(functools.partial(pl,m=a),F,P,p0=[0.5])[0][0]
        kd=curve_fit(functools.partial(pl,m=b),F,T,p0=[0.5])[0][0]
        print(ap,a,b,repr(kn),repr(kd),'Nopt(5.78e17)=%.4g Nopt(1.98e17)=%.4g'%(kn*5.78e17**a,kn*1.98e17**a))
    # free exponent in log space
    A=np.vstack([np.log(F),np.ones_like(F)]).T
    print(' free N', np.linalg.lstsq(A,np.log(P),rcond=None)[0], ' free D', np.linalg.lstsq(A,np.log(T),rcond=None)[0])
